# Cross-compiles for aarch64 with Debian's g++-aarch64-linux-gnu; the binaries
# run under qemu-aarch64 -L /usr/aarch64-linux-gnu.
set(EDGEAV_GNU_TRIPLE aarch64-linux-gnu)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/gnu-cross.cmake)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -L /usr/aarch64-linux-gnu)
