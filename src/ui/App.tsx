import type { StartupStore } from '../app/startupStore';
import { BackbonePanel } from './BackbonePanel';
import { BackendPanel } from './BackendPanel';
import { useStartup } from './useStartup';
import './app.css';

/** The page shell: what runs the models, and which image model is loaded. */
export function App({ store }: { store: StartupStore }) {
  const snapshot = useStartup(store);
  return (
    <main>
      <header>
        <h1>Glimpse</h1>
        <p>Train an image classifier in your browser. Your photos never leave this device.</p>
      </header>
      {snapshot.notes.length > 0 && (
        <ul className="notes" data-testid="url-notes">
          {snapshot.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <BackendPanel step={snapshot.backend} />
      <BackbonePanel step={snapshot.backbone} />
    </main>
  );
}
