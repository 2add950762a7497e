// The frontend developer's way: import the packages, make an instance, render the component.
import { createShopscene, staticAdapter, startAutoCapture } from '@shopscene/core';
import { GuessYouLike } from '@shopscene/widgets';
import { render } from 'preact';
import { renderShell, showProfilePanel } from '../shell.ts';

const shopscene = createShopscene({ adapter: staticAdapter({ catalog: '/generated/catalog.json' }) });
startAutoCapture((event) => shopscene.track(event));
void renderShell();
showProfilePanel(shopscene);
render(<GuessYouLike shopscene={shopscene} pageSize={8} />, document.getElementById('app')!);
