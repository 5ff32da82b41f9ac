"""One WAMP smoke test from a second language: autobahn-python calls, subscribes and publishes."""
import asyncio
import json
import sys

from autobahn.asyncio.wamp import ApplicationRunner, ApplicationSession
from autobahn.wamp.types import PublishOptions
from autobahn.wamp import serializer as serializers

URL, NAME = sys.argv[1], sys.argv[2]
# Debian's python3-autobahn has no CBOR serializer (cbor2 is not packaged with it).
SERIALIZERS = {"json": serializers.JsonSerializer, "msgpack": serializers.MsgPackSerializer}


class Smoke(ApplicationSession):
    async def onJoin(self, details):
        total = await self.call("com.node.add", 2, 3)
        got = asyncio.get_running_loop().create_future()

        def on_event(*args):
            if not got.done():
                got.set_result(list(args))

        await self.subscribe(on_event, "com.py.echo")
        await self.publish("com.py.echo", "hello", b"\x00\x01", options=PublishOptions(exclude_me=False, acknowledge=True))
        event = await asyncio.wait_for(got, 5)
        print("SMOKE " + json.dumps({"sum": total, "event": [event[0], list(event[1])], "session": details.session}))
        self.leave()

    def onDisconnect(self):
        asyncio.get_event_loop().stop()


ApplicationRunner(URL, "realm1", serializers=[SERIALIZERS[NAME]()]).run(Smoke)
