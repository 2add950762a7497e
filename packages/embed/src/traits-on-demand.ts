// In the script tag, identify()'s checks of traits come with their own part, fetched the first time a
// page calls identify(): most pages never do. The loader's build puts this module where the tracker
// imports core's profile/traits.ts (build.mjs, `onDemand`); the tracker awaits what it answers.
import type { parseTraits as check } from '../../core/src/profile/traits.ts';
import type { TraitsPart } from './host.ts';

let load: (() => Promise<TraitsPart>) | undefined;

/** Tells this module how to fetch the traits part (the loader's part loader, once it knows its folder). */
export function loadTraitsWith(loader: () => Promise<TraitsPart>): void {
  load = loader;
}

/** Core's `parseTraits`, from its part; when that cannot load, identify() says so and stores nothing. */
export async function parseTraits(input: unknown): Promise<ReturnType<typeof check>> {
  try {
    return (await load!()).parseTraits(input);
  } catch (error) {
    return { traits: {}, issues: [{ path: '(root)', message: `the checks of traits could not load (${error instanceof Error ? error.message : String(error)})` }] };
  }
}
