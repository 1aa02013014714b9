/* spin: runs until something kills it (a note or "kill" on its ctl). */
#include "Runtime.h"

int main(int argc, char** argv)
{
    volatile unsigned long counter = 0;
    for (;;)
        ++counter;
}
