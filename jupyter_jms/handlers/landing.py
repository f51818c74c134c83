"""The landing page at ``/jms/``: what this server is and how to connect a JupyterLab to it.

A fixed page with no data in it, open to anyone like the login page; ``jupyter jms serve``
redirects the server's root here."""

from __future__ import annotations

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.extension.handler import ExtensionHandlerMixin
from jupyter_server.utils import url_path_join
from tornado.escape import xhtml_escape

from ..hub import hub_service_name
from ..version import __version__

# Small enough to write out; a template would need a template path for one page.
CONNECT = """<p>Install jupyter-jms where your JupyterLab runs, then either run</p>
<pre>jupyter jms connect {service}</pre>
<p>which asks for your member token, or set in <code>jupyter_server_config.py</code></p>
<pre>c.JmsApp.service_url = "{service}"
c.JmsApp.service_token = "jms_..."</pre>
<p>(or the environment variables <code>JMS_SERVICE_URL</code> and
<code>JMS_SERVICE_TOKEN</code>). The jupyter-jms sidebar in your Lab then submits to and reviews
on this service. Ask an admin for a member token.</p>"""

# Under JupyterHub nobody handles a token: users' servers find the service themselves.
CONNECT_HUB = """<p>This service runs under JupyterHub. Your server on this Hub connects to it by
itself when jupyter-jms is installed in the server's environment: open the Media sidebar in your
JupyterLab. If it says your server's token lacks <code>access:services!service={name}</code> or
that you are not on the roster, ask the Hub's admin.</p>"""

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>jupyter-jms service</title>
<style>body{{font-family:system-ui,sans-serif;max-width:46em;margin:2em auto;padding:0 1em;
line-height:1.5}}code,pre{{background:#f4f4f4;padding:.1em .3em}}pre{{padding:.6em}}</style>
</head><body>
<h1>jupyter-jms service</h1>
<p>This server holds the Media Strategy Working Group's editorial review, channel registry and
governance records (jupyter-jms {version}). It is an API for JupyterLabs to connect to, not a
place to run notebooks: a member token opens <code>{api}</code> and nothing else.</p>
<h2>Connect your JupyterLab</h2>
{connect}
<h2>Here</h2>
<ul>
<li><a href="{page}">The media strategy page</a> (members)</li>
<li><a href="{login}">Sign in</a> with your member token, to use the API from a browser</li>
</ul>
</body></html>
"""


class LandingHandler(ExtensionHandlerMixin, JupyterHandler):
    auth_resource = "jms:about"

    @allow_unauthenticated
    def get(self) -> None:
        """What this server is and how to connect a Lab; open to anyone, no data in it."""
        base = self.base_url
        # The address a Lab uses: this request's own scheme and host, and the base URL.
        service = f"{self.request.protocol}://{self.request.host}{base}"
        hub_name = hub_service_name()
        connect = (
            CONNECT_HUB.format(name=xhtml_escape(hub_name))
            if hub_name
            else CONNECT.format(service=xhtml_escape(service))
        )
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.finish(
            PAGE.format(
                connect=connect,
                version=xhtml_escape(__version__),
                api=xhtml_escape(url_path_join(base, "jms/api/")),
                page=xhtml_escape(url_path_join(base, "jms/api/page") + "?format=html"),
                login=xhtml_escape(url_path_join(base, "login")),
            )
        )
