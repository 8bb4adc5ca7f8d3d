/* Test helper: prints its pid, then vfork()s a child that sleeps SECONDS; until the child exits the
 * parent waits in the kernel in uninterruptible sleep (state D). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int seconds = argc > 1 ? atoi(argv[1]) : 20;
    printf("%d\n", (int) getpid());
    fflush(stdout);
    pid_t child = vfork();
    if (child == 0) {
        sleep(seconds);
        _exit(0);
    }
    return 0;
}
