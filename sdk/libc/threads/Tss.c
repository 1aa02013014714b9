/* Tss: thread-specific storage (C17 §7.26.6). TSS_KEYS keys at once. A key is an index
 * into the table below with a generation above it (tss_t = generation * TSS_KEYS +
 * index, generation from 1), and each thread keeps, per index, the key it stored with
 * and the value, in its thread-local storage. A value stored under a deleted key
 * therefore never shows through a new key that reuses the index: tss_get compares the
 * whole key. thrd_exit runs the destructors of the thread's non-NULL values whose keys
 * still exist, clearing each value first, for up to TSS_DTOR_ITERATIONS rounds while
 * destructors keep storing new values. */
#include "ThreadsInternal.h"

#define TSS_KEYS 64

struct key {
    unsigned generation; /* of the key now (or last) using the index */
    int used;
    tss_dtor_t destructor;
};

static int g_keys_lock;
static struct key g_keys[TSS_KEYS]; /* under g_keys_lock */

struct slot {
    tss_t key;
    void* value;
};

static _Thread_local struct slot g_slots[TSS_KEYS];

int tss_create(tss_t* key, tss_dtor_t destructor)
{
    __tl_lock(&g_keys_lock);
    for (unsigned i = 0; i < TSS_KEYS; ++i) {
        if (g_keys[i].used)
            continue;
        if (++g_keys[i].generation > 0xffffffffu / TSS_KEYS)
            g_keys[i].generation = 1;
        g_keys[i].used = 1;
        g_keys[i].destructor = destructor;
        *key = g_keys[i].generation * TSS_KEYS + i;
        __tl_unlock(&g_keys_lock);
        return thrd_success;
    }
    __tl_unlock(&g_keys_lock);
    return thrd_error;
}

void tss_delete(tss_t key)
{
    unsigned i = key % TSS_KEYS;
    __tl_lock(&g_keys_lock);
    if (g_keys[i].used && g_keys[i].generation == key / TSS_KEYS) {
        g_keys[i].used = 0;
        g_keys[i].destructor = 0;
    }
    __tl_unlock(&g_keys_lock);
}

void* tss_get(tss_t key)
{
    struct slot* slot = &g_slots[key % TSS_KEYS];
    return slot->key == key ? slot->value : 0;
}

int tss_set(tss_t key, void* value)
{
    if (key < TSS_KEYS)
        return thrd_error; /* generation 0: never a key */
    struct slot* slot = &g_slots[key % TSS_KEYS];
    slot->key = key;
    slot->value = value;
    return thrd_success;
}

void __tl_tss_run_destructors(void)
{
    for (int round = 0; round < TSS_DTOR_ITERATIONS; ++round) {
        int ran = 0;
        for (unsigned i = 0; i < TSS_KEYS; ++i) {
            struct slot* slot = &g_slots[i];
            if (!slot->value)
                continue;
            __tl_lock(&g_keys_lock);
            tss_dtor_t destructor = g_keys[i].used && g_keys[i].generation == slot->key / TSS_KEYS
                ? g_keys[i].destructor : 0;
            __tl_unlock(&g_keys_lock);
            if (!destructor)
                continue;
            void* value = slot->value;
            slot->value = 0;
            destructor(value);
            ran = 1;
        }
        if (!ran)
            return;
    }
}
