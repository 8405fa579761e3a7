import type { ComponentChildren } from 'preact';
import { useServices } from '../hooks/use-services.ts';

/** An in-app link: a real <a href> (keyboard, middle-click) that navigates without reloading. */
export function Link(props: { href: string; class?: string; children: ComponentChildren }) {
  const { navigation } = useServices();
  return (
    <a
      href={props.href}
      class={props.class}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigation.push(props.href);
      }}
    >
      {props.children}
    </a>
  );
}
