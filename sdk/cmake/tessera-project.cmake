# tessera-project.cmake: read after an application's project() (the toolchain file sets
# CMAKE_PROJECT_INCLUDE). Names the SDK's libraries by their files, so executables relink
# whenever the installed SDK changes, and `patchwork` is a target to link against.
if(NOT TARGET patchwork)
    add_library(patchwork STATIC IMPORTED GLOBAL)
    set_target_properties(patchwork PROPERTIES IMPORTED_LOCATION ${TESSERA_SDK_PREFIX}/lib/libpatchwork.a)
endif()
link_libraries(${TESSERA_SDK_PREFIX}/lib/libc.a)
