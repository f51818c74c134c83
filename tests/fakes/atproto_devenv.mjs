// A real Bluesky PDS (and the PLC directory it registers DIDs with) from npm's
// @atproto/dev-env, for tests/test_publish_pds.py. Run with Node 22 or later:
//   node atproto_devenv.mjs /path/where/npm/installed/@atproto/dev-env
// Prints one line of JSON (the PDS URL and each account's DID and app password), then runs
// until it is sent SIGTERM.
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const dir = process.argv[2]
const load = (name) =>
  import(pathToFileURL(path.join(dir, 'node_modules', name, 'dist', 'index.js')).href)
const { TestPlc, TestPds } = await load('@atproto/dev-env')
const { AtpAgent } = await load('@atproto/api')

const plc = await TestPlc.create({})
const pds = await TestPds.create({ didPlcUrl: plc.url })
const accounts = {}
for (const name of ['jupyter', 'ada']) {
  const handle = `${name}.test`
  const agent = new AtpAgent({ service: pds.url })
  await agent.createAccount({ handle, email: `${name}@example.com`, password: 'account-pass' })
  const app = await agent.com.atproto.server.createAppPassword({ name: 'jms' })
  accounts[handle] = { did: agent.session.did, app_password: app.data.password }
}
console.log(JSON.stringify({ pds: pds.url, plc: plc.url, accounts }))
const stop = async () => {
  await pds.close()
  await plc.close()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
