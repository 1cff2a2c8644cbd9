"""Python MSAL (Debian python3-msal) against localtenant, with the settings of the README's client table.

Usage: python3 python_msal.py <variant> <authority> <ca.pem> <client_id> <secret> <scope> [<upn>]
Prints one JSON object: the token response, or the user realm MSAL discovered.
"""
import json
import sys
from urllib.parse import urlsplit, urlunsplit

import msal
import requests

variant, authority, ca, client_id, secret, scope = sys.argv[1:7]
port = urlsplit(authority).port


class PortRestoringSession(requests.Session):
    """Records the URLs MSAL asks for; sends port-less https://localhost/... URLs to localtenant's port."""

    seen = []

    def request(self, method, url, *args, **kwargs):
        self.seen.append(url)
        parts = urlsplit(url)
        if parts.hostname == "localhost" and parts.port is None:
            url = urlunsplit(parts._replace(netloc="localhost:%d" % port))
        return super().request(method, url, *args, **kwargs)


if variant == "instance_discovery_false":
    app = msal.ConfidentialClientApplication(
        client_id, client_credential=secret, authority=authority,
        instance_discovery=False, verify=ca)
elif variant == "validate_authority_false":
    app = msal.ConfidentialClientApplication(
        client_id, client_credential=secret, authority=authority,
        validate_authority=False, verify=ca)
elif variant == "instance_discovery_url":
    # Undocumented: MSAL Python 1.21 takes a string as the instance discovery endpoint (msal/authority.py).
    origin = "%s://%s" % (urlsplit(authority).scheme, urlsplit(authority).netloc)
    app = msal.ConfidentialClientApplication(
        client_id, client_credential=secret, authority=authority,
        instance_discovery=origin + "/common/discovery/instance", verify=ca)
elif variant == "user_realm":
    session = PortRestoringSession()
    session.verify = ca
    app = msal.PublicClientApplication(
        client_id, authority=authority, instance_discovery=False, http_client=session)
    realm = app.authority.user_realm_discovery(sys.argv[7])
    print(json.dumps({"realm": realm, "urls": session.seen}))
    sys.exit(0)
else:
    raise SystemExit("unknown variant " + variant)

print(json.dumps(app.acquire_token_for_client(scopes=[scope])))
