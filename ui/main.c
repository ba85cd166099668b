/* main.c — parses the command line and dispatches to a subcommand (placeholder). */
#include <stdio.h>

int main(void)
{
	puts("mailpath 0.1.0");
	return 0;
}
