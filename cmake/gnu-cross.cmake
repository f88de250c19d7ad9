# What the Debian GCC cross toolchain files share: the compilers named by
# EDGEAV_GNU_TRIPLE (set before including this) and its sysroot under /usr.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${EDGEAV_GNU_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${EDGEAV_GNU_TRIPLE}-g++)
set(CMAKE_FIND_ROOT_PATH /usr/${EDGEAV_GNU_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
