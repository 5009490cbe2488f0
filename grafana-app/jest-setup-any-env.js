// The jsdom tests' setup patches DOM classes; tests that declare `@jest-environment node` (the
// real-browser screenshots, src/testing/browser/) have no DOM, and need none.
if (typeof window !== 'undefined') {
  require('./jest-setup');
}
