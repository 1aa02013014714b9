/* F(): printf into the calling thread's ring of F_SLOTS buffers (patchwork.h). Each
 * slot is sized to its result, so nothing is ever cut short; a slot's old text is
 * freed when the ring comes round to it again. */
#include <patchwork.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static _Thread_local char* t_slots[F_SLOTS];
static _Thread_local unsigned t_next;

const char* F(const char* format, ...)
{
    va_list args;
    va_start(args, format);
    va_list again;
    va_copy(again, args);
    int length = vsnprintf(0, 0, format, args);
    va_end(args);
    char* text = length >= 0 ? malloc((size_t)length + 1) : 0;
    if (!text) {
        va_end(again);
        return "";
    }
    vsnprintf(text, (size_t)length + 1, format, again);
    va_end(again);
    unsigned slot = t_next++ % F_SLOTS;
    free(t_slots[slot]);
    t_slots[slot] = text;
    return text;
}
