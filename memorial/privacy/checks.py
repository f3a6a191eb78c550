from django.core import checks

from memorial.privacy.sealing import SealingUnavailable, sealer


@checks.register(checks.Tags.security, deploy=True)
def sealing_keys_configured(app_configs, **kwargs):
    try:
        sealer()
    except SealingUnavailable as error:
        return [
            checks.Warning(
                str(error),
                hint="Set MEMORIAL_SEALING_KEYS: without it sealed identities cannot be revealed or written.",
                id="privacy.W001",
            )
        ]
    return []
