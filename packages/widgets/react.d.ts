// Typings of shopscene's custom elements for React 19 apps: `import type {} from '@shopscene/widgets/react';`
// once (for example in src/vite-env.d.ts), then `<shopscene-guess-you-like page-size="8" />` type-checks.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { FestivalFloorsElementAttributes, GuessYouLikeElementAttributes } from '@shopscene/widgets';

type Element<A> = DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement> & A;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'shopscene-guess-you-like': Element<GuessYouLikeElementAttributes>;
      'shopscene-festival-floors': Element<FestivalFloorsElementAttributes>;
    }
  }
}
