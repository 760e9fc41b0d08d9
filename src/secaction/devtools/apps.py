from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Development tools: demo data (``seed_demo``, ``demo_totp_code``) and load data (``generate_load_data``).

    At the top of the dependency graph with My Page: it builds data through the
    domain apps' services, and no app imports it.
    """

    name = "secaction.devtools"
    label = "devtools"
