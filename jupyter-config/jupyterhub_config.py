# A complete JupyterHub on this machine's loopback with the JMS service in it:
#
#     jupyterhub -f jupyter-config/jupyterhub_config.py
#
# then open http://127.0.0.1:8000 and sign in as any of the users below (DummyAuthenticator:
# any password, or $JMS_HUB_PASSWORD when set). Every user's Lab shows the same review queue,
# kept by one JMS service that the Hub runs and routes to at /services/jms/; users' servers
# reach it with the token the Hub gives them. Nobody types a token.
#
# For trying and testing only (DummyAuthenticator lets anyone in). The README's deploy
# section has the same fragment for a real Hub with PostgreSQL.
#
# Environment (all optional):
#   JMS_HUB_DATA          folder for the Hub's and the service's data (./jms-hub-data)
#   JMS_HUB_PORT          the Hub's public port, on 127.0.0.1 (8000)
#   JMS_HUB_API_PORT      the Hub's own API port (8081)
#   JMS_HUB_PROXY_PORT    configurable-http-proxy's API port (8001)
#   JMS_HUB_SERVICE_PORT  the JMS service's port (8090)
#   JMS_HUB_DATABASE_URL  the JMS database (SQLite in JMS_HUB_DATA)
#   JMS_HUB_MEMBERS       Hub users put on the JMS roster, no role (ada,eve)
#   JMS_HUB_EDITORS       Hub users who hold the editor role (ben)
#   JMS_HUB_ADMINS        Hub users who are JMS admins and Hub admins (root)
#   JMS_HUB_PASSWORD      the one password DummyAuthenticator accepts (any)
import os
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (given by JupyterHub when it reads this file)

env = os.environ.get
here = Path(__file__).resolve().parent
data = Path(env("JMS_HUB_DATA", "jms-hub-data")).resolve()
(data / "users").mkdir(parents=True, exist_ok=True)
port = int(env("JMS_HUB_PORT", "8000"))
service_port = int(env("JMS_HUB_SERVICE_PORT", "8090"))
bin_dir = Path(sys.executable).parent


def names(var, default):
    return [n.strip() for n in env(var, default).split(",") if n.strip()]


members, editors, admins = (
    names("JMS_HUB_MEMBERS", "ada,eve"),
    names("JMS_HUB_EDITORS", "ben"),
    names("JMS_HUB_ADMINS", "root"),
)

# -- the Hub and its proxy, on the loopback -------------------------------------------------
c.JupyterHub.bind_url = f"http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env("JMS_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env('JMS_HUB_PROXY_PORT', '8001')}"
c.ConfigurableHTTPProxy.pid_file = str(data / "jupyterhub-proxy.pid")
# configurable-http-proxy from npm: on PATH, else the copy scripts/setup.sh installs.
chp = shutil.which("configurable-http-proxy") or str(
    here.parent / "tools" / "jupyterhub" / "node_modules" / ".bin" / "configurable-http-proxy"
)
c.ConfigurableHTTPProxy.command = [chp]
c.JupyterHub.db_url = f"sqlite:///{data / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(data / "jupyterhub_cookie_secret")

# -- who signs in ---------------------------------------------------------------------------
c.JupyterHub.authenticator_class = "dummy"
if env("JMS_HUB_PASSWORD"):
    c.DummyAuthenticator.password = env("JMS_HUB_PASSWORD")
c.Authenticator.allowed_users = set(members + editors + admins)
c.Authenticator.admin_users = set(admins)
# Hub groups the JMS roster follows (c.JmsApp.hub_role_groups on the service below).
c.JupyterHub.load_groups = {
    "jms-members": {"users": members},
    "jms-editors": {"users": editors},
    "jms-admins": {"users": admins},
}

# -- users' servers: local processes, each in its own folder under JMS_HUB_DATA/users --------
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(data / "users" / "{username}")
c.Spawner.cmd = [str(bin_dir / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.args = ["--allow-root"] if os.geteuid() == 0 else []
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 90

# -- the JMS service, run and routed to by the Hub -------------------------------------------
# Users may reach the service (access:...) and look up where it is (read:...); their
# servers' tokens carry both, which is all a server needs to connect by itself.
JMS_SCOPES = ["access:services!service=jms", "read:services!service=jms"]
c.JupyterHub.load_roles = [
    {"name": "user", "scopes": ["self", *JMS_SCOPES]},
    # The service reads the groups the roster follows.
    {"name": "jms-service", "scopes": ["read:groups", "list:groups"], "services": ["jms"]},
]
# $JUPYTERHUB_API_TOKEN of each user's server: the `server` role's scopes plus the JMS ones
# (JupyterHub >= 4). Spawner.oauth_client_allowed_scopes is not the place: it bounds the tokens
# a server's own sign-in gives browsers, not the token the server itself holds.
c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server", *JMS_SCOPES]

service_cmd = [
    str(bin_dir / "python"),
    "-m",
    "jupyter_jms.cli",
    "serve",
    "--JmsApp.hub_role_groups=member=jms-members",
    "--JmsApp.hub_role_groups=editor=jms-editors",
    "--JmsApp.hub_role_groups=admin=jms-admins",
    f"--ServerApp.root_dir={data / 'service-root'}",
]
if os.geteuid() == 0:
    service_cmd.append("--allow-root")
(data / "service-root").mkdir(mode=0o700, exist_ok=True)
c.JupyterHub.services = [
    {
        "name": "jms",
        "display": True,
        "info": {"description": "Media Strategy Working Group: editorial review and registry"},
        "url": f"http://127.0.0.1:{service_port}",
        "command": service_cmd,
        "environment": {
            "JMS_DATABASE_URL": env(
                "JMS_HUB_DATABASE_URL", f"sqlite:///{data / 'jms.sqlite'}"
            ),
        },
        # Signing in to the service from a browser needs no extra "allow" page.
        "oauth_no_confirm": True,
    }
]
