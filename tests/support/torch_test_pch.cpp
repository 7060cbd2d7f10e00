// Only carries the precompiled header for the torch tests.
