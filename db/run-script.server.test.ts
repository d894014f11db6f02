import { expect, test } from 'vitest'
import { splitStatements } from './run-script.server.ts'

test('splits on statement ends but keeps $$ bodies whole', () => {
  const script = `
    create schema app;
    -- a comment;
    create function app.f() returns int language sql as $$ select 1;
      select 2 $$;
    do $$ begin
      perform 1;
    end $$;
    grant usage on schema app to x;
  `
  expect(splitStatements(script)).toEqual([
    'create schema app',
    expect.stringMatching(/^create function app\.f\(\).*select 1;\n\s+select 2 \$\$$/s),
    expect.stringMatching(/^do \$\$ begin\n\s+perform 1;\n\s+end \$\$$/),
    'grant usage on schema app to x',
  ])
})
