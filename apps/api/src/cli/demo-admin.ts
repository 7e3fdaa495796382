// Creates (or resets) the demo admin of `npm start` and prints its sign-in.
import { ensureUser } from '@boxoffice/auth';
import { databaseEnv, demoEnv, parseEnv } from '@boxoffice/config';
import { connectDatabases } from '@boxoffice/db';

const env = parseEnv(databaseEnv.extend(demoEnv.shape));
const db = connectDatabases(env);
try {
  await ensureUser(db.catalog, { email: env.DEMO_ADMIN_EMAIL, password: env.DEMO_ADMIN_PASSWORD, role: 'admin', displayName: 'Demo admin' });
  console.log(`Admin login  ${env.DEMO_ADMIN_EMAIL} / ${env.DEMO_ADMIN_PASSWORD}`);
} finally {
  await db.destroy();
}
