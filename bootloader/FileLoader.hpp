// FileLoader: reads whole files from the volume the loader was started from (the EFI
// system partition) into freshly allocated pages. Part of bootloader/; sits on Firmware.
//
// Paths are ASCII and relative to the volume root; '/' is accepted and turned into the
// '\' UEFI file paths use. Opening can fail softly (the caller decides whether a missing
// file is fatal); a failure after the file was opened (read error, short read, the path
// naming a directory, a file over the caller's size limit) is always fatal.
#pragma once

#include <cstdint>

#include "Efi.hpp"

namespace ts::loader {

struct LoadedFile {
    uint64_t phys { 0 }; // page-aligned start of the contents; 0 if not loaded
    uint64_t size { 0 }; // bytes of file data (the pages behind may be longer)
    uint64_t pages { 0 };
};

class BootVolume {
public:
    // LoadedImage -> DeviceHandle -> SimpleFileSystem -> root directory. Fatal on failure.
    // Ref: UEFI 2.10 §9.1 (EFI_LOADED_IMAGE_PROTOCOL), §13.4 (Simple File System Protocol)
    static BootVolume open_own_volume();

    // Reads `path` into pages of `memory_type`. Returns EFI_SUCCESS, or the status of the
    // failed Open() (EFI_NOT_FOUND when the file does not exist).
    EFI_STATUS load(const char* path, uint32_t memory_type, uint64_t max_size, LoadedFile& file);

private:
    explicit BootVolume(EFI_FILE_PROTOCOL* root)
        : m_root(root)
    {
    }

    EFI_FILE_PROTOCOL* m_root;
};

} // namespace ts::loader
