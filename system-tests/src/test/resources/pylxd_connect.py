"""How the pylxd scripts reach Berth: a Unix socket path, or an https:// endpoint with the client certificate and key
in PYLXD_CERT and PYLXD_KEY, trusted by the token in PYLXD_TOKEN when it is not trusted yet (as nova-lxd's
deployments add their client)."""
import os
import urllib.parse
import warnings

import pylxd


def connect(where):
    if where.startswith("https://"):
        warnings.simplefilter("ignore")
        client = pylxd.Client(endpoint=where, cert=(os.environ["PYLXD_CERT"], os.environ["PYLXD_KEY"]),
                              verify=False)
        if not client.trusted:
            client.authenticate(os.environ["PYLXD_TOKEN"])
        return client
    return pylxd.Client(endpoint="http+unix://" + urllib.parse.quote(where, safe=""))
