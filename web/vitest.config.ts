import { defineConfig } from 'vitest/config';

// Unit tests only: the end-to-end tests in e2e/ have their own runner (npm run e2e).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
