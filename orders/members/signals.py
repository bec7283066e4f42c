"""What the members room tells other apps, which orders does not import (the station's
training depends on orders, not the reverse).

``mother_joined`` is sent, inside the transaction, when an account becomes a mother of a
cooperative it had no membership of, with ``membership``: whatever she brings with her
(the skills of the station's courses she completed) is given to it there.
"""

from django.dispatch import Signal

mother_joined = Signal()
