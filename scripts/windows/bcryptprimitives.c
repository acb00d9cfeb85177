/* Wine 8 lacks bcryptprimitives.dll, whose ProcessPrng Rust's standard library (>= 1.78) imports
 * for random numbers on Windows. This one-function stand-in forwards to advapi32's
 * SystemFunction036 (RtlGenRandom). It is for running under Wine only: it goes into the Wine
 * prefix's system32 (scripts/windows/env.sh), never beside vault-raider.exe, because real Windows
 * 10 and 11 have the real DLL. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
