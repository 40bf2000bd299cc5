export function Network() { return <main id="main" class="page" />; }
