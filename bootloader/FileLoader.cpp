// FileLoader: whole-file reads from the boot volume. Part of bootloader/.
#include "FileLoader.hpp"

#include <lib/Math.hpp>

#include "BootConfig.hpp"
#include "Fatal.hpp"
#include "Firmware.hpp"

namespace ts::loader {

namespace {

// Reads are issued in pieces: some firmware file system drivers handle very large single
// reads badly, and nothing is gained by asking for more at once.
constexpr uint64_t READ_CHUNK = 4 * MiB;

// Ref: UEFI 2.10 §13.5.16 (EFI_FILE_INFO): a fixed part followed by the file name.
constexpr size_t FILE_INFO_BUFFER_SIZE = sizeof(EFI_FILE_INFO) + PATH_CAPACITY * sizeof(CHAR16);

void to_uefi_path(const char* path, CHAR16* out, size_t capacity)
{
    size_t i = 0;
    for (; path[i] != '\0' && i + 1 < capacity; ++i)
        out[i] = path[i] == '/' ? u'\\' : static_cast<CHAR16>(static_cast<unsigned char>(path[i]));
    out[i] = 0;
}

} // namespace

BootVolume BootVolume::open_own_volume()
{
    EFI_GUID loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
    EFI_GUID file_system_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;

    EFI_LOADED_IMAGE* loaded_image = nullptr;
    EFI_STATUS status = boot_services()->HandleProtocol(image_handle(), &loaded_image_guid,
        reinterpret_cast<void**>(&loaded_image));
    if (EFI_ERROR(status))
        fatal("cannot get the loader's EFI_LOADED_IMAGE_PROTOCOL: %s", status_name(status));

    EFI_SIMPLE_FILE_SYSTEM_PROTOCOL* file_system = nullptr;
    status = boot_services()->HandleProtocol(loaded_image->DeviceHandle, &file_system_guid,
        reinterpret_cast<void**>(&file_system));
    if (EFI_ERROR(status)) {
        fatal("the device the loader was started from has no file system (EFI_SIMPLE_FILE_SYSTEM_PROTOCOL): %s",
            status_name(status));
    }

    EFI_FILE_PROTOCOL* root = nullptr;
    status = file_system->OpenVolume(file_system, &root);
    if (EFI_ERROR(status))
        fatal("cannot open the loader's volume: %s", status_name(status));
    return BootVolume(root);
}

EFI_STATUS BootVolume::load(const char* path, uint32_t memory_type, uint64_t max_size, LoadedFile& file)
{
    file = {};
    CHAR16 uefi_path[PATH_CAPACITY];
    to_uefi_path(path, uefi_path, PATH_CAPACITY);

    // Ref: UEFI 2.10 §13.5.2 (EFI_FILE_PROTOCOL.Open())
    EFI_FILE_PROTOCOL* handle = nullptr;
    EFI_STATUS status = m_root->Open(m_root, &handle, uefi_path, EFI_FILE_MODE_READ, 0);
    if (EFI_ERROR(status))
        return status;

    alignas(8) uint8_t info_buffer[FILE_INFO_BUFFER_SIZE];
    UINTN info_size = sizeof(info_buffer);
    EFI_GUID file_info_guid = EFI_FILE_INFO_ID;
    status = handle->GetInfo(handle, &file_info_guid, &info_size, info_buffer);
    if (EFI_ERROR(status))
        fatal("cannot get the size of %s: %s", path, status_name(status));
    auto* info = reinterpret_cast<EFI_FILE_INFO*>(info_buffer);
    if (info->Attribute & EFI_FILE_DIRECTORY)
        fatal("%s is a directory, not a file", path);
    if (info->FileSize > max_size) {
        fatal("%s is %llu bytes, more than the limit of %llu bytes", path,
            static_cast<unsigned long long>(info->FileSize), static_cast<unsigned long long>(max_size));
    }

    file.size = info->FileSize;
    file.pages = max<uint64_t>(div_round_up(file.size, PAGE_SIZE), 1);
    file.phys = allocate_pages(file.pages, memory_type, path);

    uint8_t* destination = phys_to_ptr<uint8_t>(file.phys);
    uint64_t done = 0;
    while (done < file.size) {
        UINTN chunk = min(file.size - done, READ_CHUNK);
        // Ref: UEFI 2.10 §13.5.5 (EFI_FILE_PROTOCOL.Read()): returns how much was read.
        status = handle->Read(handle, &chunk, destination + done);
        if (EFI_ERROR(status))
            fatal("cannot read %s: %s (after %llu of %llu bytes)", path, status_name(status),
                static_cast<unsigned long long>(done), static_cast<unsigned long long>(file.size));
        if (chunk == 0) {
            fatal("cannot read %s: the file ended after %llu of %llu bytes", path,
                static_cast<unsigned long long>(done), static_cast<unsigned long long>(file.size));
        }
        done += chunk;
    }
    handle->Close(handle);
    return EFI_SUCCESS;
}

} // namespace ts::loader
