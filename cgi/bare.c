/* A bare FastCGI responder that returns one fixed page: the ceiling a
 * responder of ours is measured against in `./laoxiao bench`. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fcgiapp.h>

#define THREADS 40

static char page[3072];

static void *
serve(void *arg)
{
	FCGX_Request req;

	if (FCGX_InitRequest(&req, *(int *)arg, 0) != 0)
		return NULL;
	while (FCGX_Accept_r(&req) >= 0) {
		FCGX_PutS("Status: 200 OK\r\n"
		    "Content-Type: text/html; charset=utf-8\r\n\r\n", req.out);
		FCGX_PutStr(page, (int)sizeof(page), req.out);
		FCGX_Finish_r(&req);
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	pthread_t t[THREADS];
	sigset_t set;
	int fd, i, sig;

	if (argc != 3 || strcmp(argv[1], "--socket") != 0) {
		fprintf(stderr, "usage: %s --socket PATH\n", argv[0]);
		return EXIT_FAILURE;
	}
	memset(page, 'x', sizeof(page));
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGPIPE);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0 || FCGX_Init() != 0)
		return EXIT_FAILURE;
	(void)unlink(argv[2]);
	umask(077);
	if ((fd = FCGX_OpenSocket(argv[2], 128)) < 0)
		return EXIT_FAILURE;
	for (i = 0; i < THREADS; i++)
		if (pthread_create(&t[i], NULL, serve, &fd) != 0)
			return EXIT_FAILURE;
	sigdelset(&set, SIGPIPE);
	while (sigwait(&set, &sig) != 0)
		continue;
	(void)unlink(argv[2]);
	return EXIT_SUCCESS;
}
