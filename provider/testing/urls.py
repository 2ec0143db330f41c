"""Where moto routes Proton requests; moto looks for this module beside models.py."""

from .responses import ProtonResponse

url_bases = [r"https?://proton\.(.+)\.amazonaws\.com"]

url_paths = {"{0}/$": ProtonResponse.dispatch}
