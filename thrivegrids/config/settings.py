"""Settings for ThriveGrids, all read from the environment (see README "Configuration").

Production is the default: DEBUG is off and a secret key must be given. `make demo` and the test
settings turn on what they need explicitly.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from thrivegrids.config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "thrivegrids"

DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", default="insecure-development-key" if DEBUG else None)
if SECRET_KEY is None:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # The Django admin, on a site that asks staff for the second factor (accounts/admin_site.py).
    "thrivegrids.accounts.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    # Serves the OpenAPI docs' Swagger UI from static files instead of a CDN (CSP: 'self' only).
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    # Background tasks (the overdue-review job, careplans/tasks.py).
    "django_tasks",
    "thrivegrids.core",
    "thrivegrids.organisations",
    "thrivegrids.grids",
    "thrivegrids.directory",
    "thrivegrids.accounts",
    "thrivegrids.records",
    "thrivegrids.conversations",
    "thrivegrids.measures",
    "thrivegrids.careplans",
    "thrivegrids.caseload",
    "thrivegrids.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 400 for a NUL character anywhere in the address, query or form (never a 500).
    "thrivegrids.core.middleware.refuse_nul_characters_middleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session given the second factor?
    "django_otp.middleware.OTPMiddleware",
    # Ends sessions after 15 minutes idle or 12 hours (before the login check, to say why).
    "thrivegrids.accounts.middleware.SessionTimeoutMiddleware",
    # Every view needs a signed-in user unless it is marked public with @login_not_required.
    "thrivegrids.core.middleware.LoginRequiredMiddleware",
    # ...and the authenticator code too, for staff and roles that can see records.
    "thrivegrids.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "thrivegrids.core.middleware.request_id_middleware",
    # no-store, private on every page behind sign-in; Permissions-Policy on every response.
    "thrivegrids.core.middleware.PrivatePagesMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thrivegrids.config.urls"
WSGI_APPLICATION = "thrivegrids.config.wsgi.application"
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "accounts:home"
# django-axes first: it refuses a locked-out username and address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "thrivegrids.config.jinja2_env.environment",
            "extensions": ["jinja2.ext.i18n"],
            # No messages processor here: reading messages touches the session, which would
            # add "Vary: Cookie" and stop proxies caching public grid pages.
            "context_processors": ["thrivegrids.core.context_processors.site"],
        },
    },
    {
        # Django admin only (staff).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        # A kept connection is checked before reuse, so the first request after a database
        # restart opens a new one instead of failing with a 500.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_cache_url = env_str("CACHE_URL", "")
if _cache_url.startswith("redis://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
        }
    }
elif _cache_url:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("CACHE_URL must be a redis:// address or empty.")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ar", _("Arabic"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/London"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

SESSION_COOKIE_HTTPONLY = True
# A refused form gets the NHS.UK page in its language, not Django's bare English one.
CSRF_FAILURE_VIEW = "thrivegrids.core.views.csrf_failure"
# The server ends a session after 15 minutes idle; the cookie should not outlive the browser.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
_secure = not DEBUG and env_bool("DJANGO_SECURE", default=True)
SESSION_COOKIE_SECURE = _secure
CSRF_COOKIE_SECURE = _secure
SECURE_SSL_REDIRECT = _secure
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000) if _secure else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _secure
SECURE_HSTS_PRELOAD = _secure
if env_bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# The NHS.UK frontend loads the Frutiger web font from the NHS font server.
NHS_FONT_ORIGIN = "https://assets.nhs.uk"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", NHS_FONT_ORIGIN],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Share tokens (/s/<token>/) and search terms (q=) never reach a log line.
    "filters": {"redact_secrets": {"()": "thrivegrids.core.log_redaction.RedactSecrets"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        # The development server's request lines go through the same redacting handler.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Sign-in lockout (accounts/lockout.py, run through django-axes): failures count against three
# limits. The username from one address (one person's mistakes never lock out a team behind one
# NHS network address); the username from any address (guesses spread over many addresses); one
# address with any usernames (one address trying many usernames). 0 turns a limit off.
THRIVEGRIDS_SIGN_IN_LIMITS = {
    "username_address": env_int("THRIVEGRIDS_SIGN_IN_ATTEMPTS", 5),
    "username": env_int("THRIVEGRIDS_SIGN_IN_ATTEMPTS_PER_USERNAME", 10),
    "address": env_int("THRIVEGRIDS_SIGN_IN_ATTEMPTS_PER_ADDRESS", 20),
}
# A limit's first lockout lasts this long and each further one of the same key twice as long, up
# to the cap; the doubling is forgotten once a cap has passed after a lockout ends.
THRIVEGRIDS_LOCKOUT_MINUTES = env_int("THRIVEGRIDS_LOCKOUT_MINUTES", 15)
THRIVEGRIDS_LOCKOUT_MAX_HOURS = env_int("THRIVEGRIDS_LOCKOUT_MAX_HOURS", 24)
if (
    min(THRIVEGRIDS_SIGN_IN_LIMITS.values()) < 0
    or THRIVEGRIDS_LOCKOUT_MINUTES < 1
    or THRIVEGRIDS_LOCKOUT_MAX_HOURS * 60 < THRIVEGRIDS_LOCKOUT_MINUTES
):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "Sign-in attempt limits must be 0 or more, THRIVEGRIDS_LOCKOUT_MINUTES at least 1, and "
        "THRIVEGRIDS_LOCKOUT_MAX_HOURS at least as long."
    )
AXES_HANDLER = "thrivegrids.accounts.lockout.LockoutHandler"
# A sign-in refused during a lockout is not counted, so the cool-off does not restart.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "thrivegrids.accounts.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
# The counts live in the cache, not in django-axes's tables, which the admin would show empty.
AXES_ENABLE_ADMIN = False
# Behind a load balancer the client address is in X-Forwarded-For; say how many proxies to trust.
# Lockout and the directory's rate limits read the address the same way (core/client_ip.py);
# without this, django-axes would key lockouts on the load balancer's own address.
THRIVEGRIDS_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "thrivegrids.core.client_ip.client_ip"
# Each address may open secret-link pages (take-away summaries, feedback) this many times a
# minute, then gets a 429 page with urgent help until the minute ends (core/throttle.py); 0 is off.
THRIVEGRIDS_LINK_PAGE_REQUESTS_PER_MINUTE = env_int("THRIVEGRIDS_LINK_PAGE_REQUESTS_PER_MINUTE", 60)

# The authenticator app shows accounts under this name.
OTP_TOTP_ISSUER = "ThriveGrids"

# Background tasks run at once, in the process that starts them (`manage.py mark_overdue_reviews`,
# run daily by cron or a timer); django-tasks has no queue to run here.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Email (the overdue-review notice): printed to the console in the demo (DJANGO_DEBUG); otherwise
# sent by SMTP with the settings below, from the environment (README, "Email").
EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "thrivegrids@localhost")

# ThriveGrids settings.
# The site's address, for links in emails sent without a request (the overdue-review notice).
THRIVEGRIDS_SITE_URL = env_str(
    "THRIVEGRIDS_SITE_URL", "http://127.0.0.1:8000" if DEBUG else "http://localhost"
)
# Demo deployments show a banner on every page; real ones set THRIVEGRIDS_DEMO=false.
THRIVEGRIDS_DEMO = env_bool("THRIVEGRIDS_DEMO", default=DEBUG)
# The organisation whose local notes and contacts public grid pages show.
THRIVEGRIDS_SITE_ORGANISATION = env_str("THRIVEGRIDS_SITE_ORGANISATION", "")
# The "If you need help now" contacts (docs/adr/0003): read at start; invalid refuses to start.
THRIVEGRIDS_URGENT_HELP_FILE = env_str(
    "THRIVEGRIDS_URGENT_HELP_FILE", str(BASE_DIR / "content" / "urgent-help.yaml")
)
# Turns a typed place into coordinates; the default uses the site's gazetteer, offline.
THRIVEGRIDS_GEOCODER = env_str(
    "THRIVEGRIDS_GEOCODER", "thrivegrids.directory.geocoding.GazetteerGeocoder"
)
# Identifies the deployed code in cache keys and ETags, so a deploy never serves old HTML.
THRIVEGRIDS_RELEASE = env_str("THRIVEGRIDS_RELEASE", "0.1.0")
# Seconds a proxy may keep a grid page; versions are immutable so the limit bounds local-note lag.
THRIVEGRIDS_GRID_CACHE_SECONDS = env_int("THRIVEGRIDS_GRID_CACHE_SECONDS", 300)
# A signed-in session ends after this long without a request, and this long after signing in.
THRIVEGRIDS_SESSION_IDLE_SECONDS = env_int("THRIVEGRIDS_SESSION_IDLE_SECONDS", 15 * 60)
THRIVEGRIDS_SESSION_MAX_SECONDS = env_int("THRIVEGRIDS_SESSION_MAX_SECONDS", 12 * 60 * 60)
# The "stay signed in" warning shows this long before the idle limit.
THRIVEGRIDS_SESSION_WARNING_SECONDS = env_int("THRIVEGRIDS_SESSION_WARNING_SECONDS", 2 * 60)
# An authenticator set-up link (made by a team lead or staff) works once, for this many hours.
THRIVEGRIDS_SET_UP_LINK_HOURS = env_int("THRIVEGRIDS_SET_UP_LINK_HOURS", 72)
# Demo only: sign in without the authenticator code (everyone, staff admin included).
THRIVEGRIDS_DEMO_OTP_BYPASS = env_bool("THRIVEGRIDS_DEMO_OTP_BYPASS", default=False)
if THRIVEGRIDS_DEMO_OTP_BYPASS and not DEBUG:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "THRIVEGRIDS_DEMO_OTP_BYPASS is for demos only: it is refused unless DJANGO_DEBUG is on."
    )
# The gazetteer place (directory.Place name) grid pages measure distances to local services from;
# empty lists matching services by name, without distances.
THRIVEGRIDS_DEFAULT_PLACE = env_str("THRIVEGRIDS_DEFAULT_PLACE", "")
# Directory entries not checked for longer than this many days say they may be out of date.
THRIVEGRIDS_DIRECTORY_FRESHNESS_DAYS = env_int("THRIVEGRIDS_DIRECTORY_FRESHNESS_DAYS", 180)
