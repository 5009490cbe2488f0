// The jsdom tests' setup patches DOM classes; tests that declare `@jest-environment node` (the
// real-browser screenshots, src/testing/browser/) have no DOM, and need none.
if (typeof window !== 'undefined') {
  require('./jest-setup');
  // findBy*/waitFor give up after 1 s by default; on a loaded two-core CI machine a render that
  // loads options can take longer. Only a failing wait gets slower.
  require('@testing-library/react').configure({ asyncUtilTimeout: 10_000 });
}
