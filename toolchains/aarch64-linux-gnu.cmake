# Cross toolchain for an arm64 kiosk (e.g. a Raspberry Pi class board running Debian arm64),
# with Debian's g++-aarch64-linux-gnu. The kiosk build uses OpenGL ES 3 (IDEKORT_GLES=ON).
# SDL2 for arm64 comes from a sysroot or multiarch (libsdl2-dev:arm64); set CMAKE_SYSROOT or
# SDL2_DIR accordingly. Without SDL2 the configure still succeeds for the libraries and tests.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
# Tests of a cross build run under qemu-user when it is installed (qemu-user-static).
find_program(IDEKORT_QEMU_AARCH64 qemu-aarch64-static)
if(IDEKORT_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${IDEKORT_QEMU_AARCH64};-L;/usr/aarch64-linux-gnu")
endif()
