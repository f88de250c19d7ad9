# Cross-compiles for 32-bit ARMv7 (hard float) with Debian's
# g++-arm-linux-gnueabihf, standing in for Android armeabi-v7a: the C kernels
# only (EDGEAV_ARCH generic). The binaries run under
# qemu-arm -L /usr/arm-linux-gnueabihf.
set(EDGEAV_GNU_TRIPLE arm-linux-gnueabihf)
set(CMAKE_SYSTEM_PROCESSOR armv7-a)
include(${CMAKE_CURRENT_LIST_DIR}/gnu-cross.cmake)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-arm -L /usr/arm-linux-gnueabihf)
