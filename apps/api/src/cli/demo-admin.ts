// Creates (or resets) the demo admin and a demo member fan of `npm start` and prints their sign-ins.
import { ensureUser } from '@boxoffice/auth';
import { databaseEnv, demoEnv, parseEnv } from '@boxoffice/config';
import { connectDatabases } from '@boxoffice/db';

const env = parseEnv(databaseEnv.extend(demoEnv.shape));
const db = connectDatabases(env);
try {
  await ensureUser(db.catalog, { email: env.DEMO_ADMIN_EMAIL, password: env.DEMO_ADMIN_PASSWORD, role: 'admin', displayName: 'Demo admin' });
  // A member too, so the waiting room's member priority can be tried in the demo.
  const memberEmail = 'member@boxoffice.example';
  await ensureUser(db.catalog, { email: memberEmail, password: env.DEMO_ADMIN_PASSWORD, role: 'customer', isMember: true, displayName: 'Demo member' });
  console.log(`Admin login  ${env.DEMO_ADMIN_EMAIL} / ${env.DEMO_ADMIN_PASSWORD}`);
  console.log(`Member login ${memberEmail} / ${env.DEMO_ADMIN_PASSWORD}   (a fan with waiting-room priority)`);
} finally {
  await db.destroy();
}
