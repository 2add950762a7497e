// Modules the build makes (build.mjs).

/** Puts the modules the loader shares with its parts where the parts find them (forParts in build.mjs). */
declare module 'virtual:shopscene-shared' {}
