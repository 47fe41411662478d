/* A bare FastCGI responder that returns one fixed page: the ceiling a
 * responder of ours is measured against in `./laoxiao bench`. It runs the
 * same libfcgi, the same thread count and the same accept loop as ours,
 * and nothing else: no parsing, no database, no rendering.
 *
 *   laoxiao-bare --socket PATH [--file PAGE] [--threads N]
 *
 * PAGE (at most 1 MiB) is read once at start; without it, 3 KiB of 'x'. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fcgiapp.h>

#define THREADS_DEFAULT 8
#define THREADS_MAX 512
#define PAGE_MAX (1 << 20)
#define LISTEN_BACKLOG 1024    /* as the responders (srv.c) */

/* Written once in main before any thread starts; only read afterwards. */
struct page {
	char *bytes;
	int len;
	int fd;
};

static void *
serve(void *arg)
{
	const struct page *p = arg;
	FCGX_Request req;

	if (FCGX_InitRequest(&req, p->fd, 0) != 0)
		return NULL;
	while (FCGX_Accept_r(&req) >= 0) {
		FCGX_PutS("Status: 200 OK\r\n"
		    "Content-Type: text/html; charset=utf-8\r\n\r\n", req.out);
		FCGX_PutStr(p->bytes, p->len, req.out);
		FCGX_Finish_r(&req);
	}
	return NULL;
}

/* Reads path into p; returns 0 or -1. */
static int
read_page(const char *path, struct page *p)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL || (p->bytes = malloc(PAGE_MAX)) == NULL) {
		if (f != NULL)
			fclose(f);
		return -1;
	}
	n = fread(p->bytes, 1, PAGE_MAX, f);
	if (ferror(f) || !feof(f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	p->len = (int)n;
	return 0;
}

static int
usage(const char *me)
{
	fprintf(stderr, "usage: %s --socket PATH [--file PAGE] [--threads N]\n",
	    me);
	return EXIT_FAILURE;
}

int
main(int argc, char **argv)
{
	static pthread_t t[THREADS_MAX];
	static char dflt[3072];
	struct page page = { dflt, (int)sizeof(dflt), -1 };
	const char *sock = NULL, *file = NULL, *mode;
	long threads = THREADS_DEFAULT;
	sigset_t set;
	int i, sig;

	for (i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--socket") == 0)
			sock = argv[i + 1];
		else if (strcmp(argv[i], "--file") == 0)
			file = argv[i + 1];
		else if (strcmp(argv[i], "--threads") == 0)
			threads = strtol(argv[i + 1], NULL, 10);
		else
			return usage(argv[0]);
	}
	if (i != argc || sock == NULL || threads < 1 || threads > THREADS_MAX)
		return usage(argv[0]);
	memset(dflt, 'x', sizeof(dflt));
	if (file != NULL && read_page(file, &page) != 0) {
		fprintf(stderr, "%s: cannot read %s\n", argv[0], file);
		return EXIT_FAILURE;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGPIPE);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0 || FCGX_Init() != 0)
		return EXIT_FAILURE;
	(void)unlink(sock);
	umask(077);
	if ((page.fd = FCGX_OpenSocket(sock, LISTEN_BACKLOG)) < 0)
		return EXIT_FAILURE;
	/* Like the responders: open to our group too when ./laoxiao, as
	 * root, runs us as a user whose group nginx's user joins. */
	mode = getenv("LAOXIAO_SOCKET_MODE");
	if (mode != NULL && strcmp(mode, "0660") == 0 && chmod(sock, 0660) != 0) {
		perror(sock);
		return EXIT_FAILURE;
	}
	for (i = 0; i < threads; i++)
		if (pthread_create(&t[i], NULL, serve, &page) != 0)
			return EXIT_FAILURE;
	sigdelset(&set, SIGPIPE);
	while (sigwait(&set, &sig) != 0)
		continue;
	(void)unlink(sock);
	return EXIT_SUCCESS;
}
