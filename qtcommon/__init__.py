# SPDX-License-Identifier: Apache-2.0
"""What the PySide6 applications share: the kiosk (``kiosk``) and the staff
station (``staff``), which never import each other.

- :mod:`qtcommon.jobs`: the job runner, the one way blocking work (cards,
  network, disk) leaves the GUI thread, with the PySide6 workaround it needs;
- :mod:`qtcommon.i18n` and :mod:`qtcommon.i18n_build`: languages, Qt Linguist
  catalogs, the runtime translator, compiling ``.ts`` to ``.qm``;
- :mod:`qtcommon.fonts`: the CJK font choice;
- :mod:`qtcommon.qtlog`: Qt's own messages into the Python log;
- :mod:`qtcommon.link`: how a station reaches the backend, checked.

It imports PySide6 and the standard library only (tests/test_layers.py).
"""
