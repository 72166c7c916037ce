/*
 * Test probe for SeccompIT: calls keyctl(2) once, as a program touching the kernel keyring would,
 * and prints how the kernel (or the seccomp filter in front of it) answered.
 * Built with gcc -static at test time and copied into the test image.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define KEYCTL_GET_KEYRING_ID 0
#define KEY_SPEC_SESSION_KEYRING -3

int main(void) {
  long id = syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0);
  if (id < 0) {
    printf("keyctl errno=%d\n", errno);
    return 1;
  }
  printf("keyctl ok\n");
  return 0;
}
