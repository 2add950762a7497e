import { Component, type ComponentChildren } from 'preact';

/** Keeps a widget's failure inside the widget: it warns once and renders nothing, and the host page never sees an error. */
export class ErrorBoundary extends Component<{ name: string; children?: ComponentChildren }, { failed: boolean }> {
  override state = { failed: false };
  override componentDidCatch(error: unknown) {
    try {
      console.warn(`shopscene: the ${this.props.name} widget failed and was hidden: ${error instanceof Error ? error.message : String(error)}`);
    } catch {}
    this.setState({ failed: true });
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}
