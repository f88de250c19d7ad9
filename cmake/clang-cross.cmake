# Cross-compiles with clang for EDGEAV_CLANG_TARGET (a GNU triple such as
# aarch64-linux-gnu or arm-linux-gnueabihf), on the sysroot of Debian's GCC
# cross toolchain for that triple and linked with lld: a stand-in for the
# Android NDK and Apple clang builds. Binaries run under qemu-user.
#   cmake -DCMAKE_TOOLCHAIN_FILE=cmake/clang-cross.cmake -DEDGEAV_CLANG_TARGET=aarch64-linux-gnu
set(EDGEAV_CLANG_TARGET "" CACHE STRING "Target triple of the clang cross build")
set(EDGEAV_CLANG_VERSION_SUFFIX "-14" CACHE STRING "Suffix of the clang, clang++ and ld.lld executables")
# try_compile projects read this file again; they get the triple from here.
set(CMAKE_TRY_COMPILE_PLATFORM_VARIABLES EDGEAV_CLANG_TARGET EDGEAV_CLANG_VERSION_SUFFIX)
if(NOT EDGEAV_CLANG_TARGET)
  message(FATAL_ERROR "clang-cross.cmake: set EDGEAV_CLANG_TARGET, e.g. aarch64-linux-gnu")
endif()

string(REGEX MATCH "^[^-]+" edgeav_triple_cpu "${EDGEAV_CLANG_TARGET}")
set(CMAKE_SYSTEM_NAME Linux)
if(edgeav_triple_cpu STREQUAL "arm")
  set(CMAKE_SYSTEM_PROCESSOR armv7-a)  # CMakeLists.txt builds ARMv7 with the C kernels
else()
  set(CMAKE_SYSTEM_PROCESSOR ${edgeav_triple_cpu})
endif()
set(CMAKE_C_COMPILER clang${EDGEAV_CLANG_VERSION_SUFFIX})
set(CMAKE_CXX_COMPILER clang++${EDGEAV_CLANG_VERSION_SUFFIX})
set(CMAKE_C_COMPILER_TARGET ${EDGEAV_CLANG_TARGET})
set(CMAKE_CXX_COMPILER_TARGET ${EDGEAV_CLANG_TARGET})
set(CMAKE_EXE_LINKER_FLAGS_INIT -fuse-ld=lld${EDGEAV_CLANG_VERSION_SUFFIX})
set(CMAKE_SHARED_LINKER_FLAGS_INIT -fuse-ld=lld${EDGEAV_CLANG_VERSION_SUFFIX})
set(CMAKE_MODULE_LINKER_FLAGS_INIT -fuse-ld=lld${EDGEAV_CLANG_VERSION_SUFFIX})
set(CMAKE_FIND_ROOT_PATH /usr/${EDGEAV_CLANG_TARGET})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-${edgeav_triple_cpu} -L /usr/${EDGEAV_CLANG_TARGET})
