import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * While mounted, shows `ref`'s element full screen through the Fullscreen API when the browser
 * allows it (otherwise the element stays a full-window overlay, styled by the caller). Escape
 * calls `onExit`; so does leaving full screen by the browser's own means (Escape, F11). On
 * unmount it leaves full screen. Returns whether the element is full screen now.
 */
export function useFullscreen(ref: RefObject<HTMLElement | null>, onExit: () => void): boolean {
  const [fullscreen, setFullscreen] = useState(false);
  const exit = useRef(onExit);
  useEffect(() => {
    exit.current = onExit;
  }, [onExit]);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let mounted = true;
    const onChange = () => {
      const now = document.fullscreenElement === element;
      setFullscreen(now);
      if (!now && mounted) exit.current();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      exit.current();
    };
    document.addEventListener('keydown', onKey);
    if (document.fullscreenEnabled && typeof element.requestFullscreen === 'function') {
      element
        .requestFullscreen()
        .then(() => {
          if (!mounted) return;
          setFullscreen(document.fullscreenElement === element);
          document.addEventListener('fullscreenchange', onChange);
        })
        .catch(() => {
          // Refused (no user gesture, a policy, an iframe): the full-window overlay stays.
        });
    }
    return () => {
      mounted = false;
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onChange);
      if (document.fullscreenElement === element) void document.exitFullscreen().catch(() => {});
    };
  }, [ref]);

  return fullscreen;
}
