/** Renders the whole trainer against fakes, for UI tests. */
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import type { SessionSnapshot } from '../../src/core/session/sessionTypes';
import { TrainerApp } from '../../src/ui/TrainerApp';
import { createFakePlatform, type FakePlatform } from './fakePlatform';
import { createFakeSession, type FakeSession } from './fakeSession';

export function renderTrainer(
  options: { snapshot?: Partial<SessionSnapshot>; platform?: Partial<FakePlatform> } = {},
) {
  const store: FakeSession = createFakeSession(options.snapshot);
  const platform = createFakePlatform(options.platform);
  // A real file chooser lets users pick "All files" too, so the accept filter is not applied.
  const user = userEvent.setup({ applyAccept: false });
  const view = render(<TrainerApp store={store} platform={platform} />);
  return { store, platform, user, ...view };
}

/** The card of the class with this id. */
export function classCard(container: HTMLElement, classId: string): HTMLElement {
  const card = container.querySelector<HTMLElement>(
    `[data-testid="class-card"][data-class-id="${classId}"]`,
  );
  if (!card) throw new Error(`No card for ${classId}`);
  return card;
}

/** Serious and critical axe-core violations in `element`, one line each. */
export async function seriousViolations(element: Element): Promise<string[]> {
  const results = await axe.run(element, {
    resultTypes: ['violations'],
    // jsdom cannot compute colours (no canvas): contrast is checked in the browser, not here.
    rules: { 'color-contrast': { enabled: false } },
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
