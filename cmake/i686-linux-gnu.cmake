# Cross-compiles for 32-bit x86 Linux with Debian's g++-i686-linux-gnu. The
# binaries are linked statically: they run on an x86-64 kernel without an i386
# libc installed. CMakeLists.txt makes SSE2 the baseline (as x86-64 has it).
set(EDGEAV_GNU_TRIPLE i686-linux-gnu)
set(CMAKE_SYSTEM_PROCESSOR i686)
include(${CMAKE_CURRENT_LIST_DIR}/gnu-cross.cmake)
set(CMAKE_EXE_LINKER_FLAGS_INIT -static)
