"""Open Referral UK v3 interchange: reading and checking feeds, writing records and dumps."""

HSDS_VERSION = "3.0"
PROFILE_URL = "https://github.com/openreferral/uk-profile"
