"""Drives Junction's STOMP TCP listener with stomp.py (Debian python3-stomp); prints a JSON result."""
import json
import sys
import threading
import time

import stomp


class Collector(stomp.ConnectionListener):
    def __init__(self):
        self.messages = []
        self.errors = []
        self.receipts = []
        self.events = []
        self.cond = threading.Condition()

    def on_message(self, frame):
        with self.cond:
            self.messages.append(frame)
            self.events.append('MESSAGE ' + frame.body[:40])
            self.cond.notify_all()

    def on_error(self, frame):
        self.errors.append(frame.headers.get('message'))

    def on_receipt(self, frame):
        with self.cond:
            self.receipts.append(frame.headers.get('receipt-id'))
            self.events.append('RECEIPT ' + frame.headers.get('receipt-id'))
            self.cond.notify_all()

    def wait_messages(self, count, timeout=5.0):
        deadline = time.time() + timeout
        with self.cond:
            while len(self.messages) < count and time.time() < deadline:
                self.cond.wait(0.05)
        return len(self.messages) >= count

    def wait_receipt(self, receipt, timeout=5.0):
        deadline = time.time() + timeout
        with self.cond:
            while receipt not in self.receipts and time.time() < deadline:
                self.cond.wait(0.05)
        return receipt in self.receipts


def connect(port, **kwargs):
    conn = stomp.Connection12([('127.0.0.1', port)], **kwargs)
    listener = Collector()
    conn.set_listener('', listener)
    conn.connect(wait=True)
    return conn, listener


def scenario_connect(port):
    conn, listener = connect(port)
    conn.subscribe('/topic/py.hello', id='s1', receipt='sub')
    listener.wait_receipt('sub')
    conn.send('/topic/py.hello', 'héllo from python', content_type='text/plain')
    listener.wait_messages(1)
    message = listener.messages[0]
    conn.disconnect(receipt='bye')
    return {'body': message.body, 'destination': message.headers.get('destination'),
            'version': conn.transport.version if hasattr(conn.transport, 'version') else None,
            'errors': listener.errors}


def scenario_transactions(port):
    conn, listener = connect(port)
    conn.subscribe('/topic/py.tx', id='s1', receipt='sub')
    listener.wait_receipt('sub')
    aborted = conn.begin()
    conn.send('/topic/py.tx', 'aborted', transaction=aborted)
    conn.abort(aborted)
    committed = conn.begin()
    conn.send('/topic/py.tx', 'one', transaction=committed)
    conn.send('/topic/py.tx', 'two', transaction=committed)
    time.sleep(0.1)
    before_commit = len(listener.messages)
    conn.commit(committed)
    listener.wait_messages(2)
    time.sleep(0.1)
    conn.disconnect(receipt='bye')
    return {'before_commit': before_commit, 'bodies': [m.body for m in listener.messages], 'errors': listener.errors}


def scenario_acks(port):
    sender, _ = connect(port)
    for body in ['a', 'b']:
        sender.send('/queue/py.acks', body)
    consumer, listener = connect(port)
    consumer.subscribe('/queue/py.acks', id='s1', ack='client-individual')
    listener.wait_messages(2)
    first, second = listener.messages[0], listener.messages[1]
    consumer.ack(second.headers['ack'])
    consumer.nack(first.headers['ack'])
    listener.wait_messages(3)
    retried = listener.messages[2]
    consumer.ack(retried.headers['ack'], receipt='acked')
    listener.wait_receipt('acked')
    consumer.disconnect(receipt='bye')
    sender.disconnect(receipt='bye')
    return {'first': first.body, 'retried': retried.body, 'redelivered': retried.headers.get('redelivered'),
            'errors': listener.errors}


def scenario_thousand(port):
    consumer, listener = connect(port)
    consumer.subscribe('/queue/py.bulk', id='s1', ack='client', receipt='sub')
    listener.wait_receipt('sub')
    sender, _ = connect(port)
    for i in range(1000):
        sender.send('/queue/py.bulk', str(i))
    listener.wait_messages(1000, timeout=20)
    bodies = [int(m.body) for m in listener.messages]
    consumer.ack(listener.messages[-1].headers['ack'], receipt='acked')
    listener.wait_receipt('acked')
    sender.disconnect(receipt='bye')
    consumer.disconnect(receipt='bye')
    return {'count': len(bodies), 'in_order': bodies == list(range(1000)), 'errors': listener.errors}


def scenario_nack_requeue(port):
    sender, _ = connect(port)
    for body in ['a', 'b', 'c']:
        sender.send('/queue/py.requeue', body)
    consumer, listener = connect(port)
    consumer.subscribe('/queue/py.requeue', id='s1', ack='client-individual')
    listener.wait_messages(3)
    a, b, c = listener.messages[0:3]
    # stomp.py writes the Python value as it is: `requeue:False`.
    consumer.nack(a.headers['ack'], requeue=False)
    consumer.nack(b.headers['ack'], requeue='FALSE')
    consumer.nack(c.headers['ack'], requeue='True')
    listener.wait_messages(4)
    time.sleep(0.2)
    redelivered = [m.body for m in listener.messages[3:]]
    consumer.ack(listener.messages[3].headers['ack'], receipt='acked')
    listener.wait_receipt('acked')
    consumer.disconnect(receipt='bye')
    # Whatever was dropped is gone from the queue: a new consumer gets nothing.
    late, late_listener = connect(port)
    late.subscribe('/queue/py.requeue', id='s2', receipt='sub')
    late_listener.wait_receipt('sub')
    time.sleep(0.2)
    late.disconnect(receipt='bye')
    sender.disconnect(receipt='bye')
    return {'redelivered': redelivered, 'left_in_queue': len(late_listener.messages),
            'errors': listener.errors + late_listener.errors}


def scenario_transaction_receipts(port):
    conn, listener = connect(port)
    conn.subscribe('/topic/py.txr', id='s1', receipt='sub')
    listener.wait_receipt('sub')
    listener.events.clear()
    committed = conn.begin()
    conn.send('/topic/py.txr', 'one', transaction=committed, receipt='send-1')
    conn.send('/topic/py.txr', 'two', transaction=committed, receipt='send-2')
    time.sleep(0.3)
    before_commit = list(listener.events)
    conn.commit(committed, receipt='commit')
    listener.wait_receipt('commit')
    at_commit = list(listener.events)
    listener.events.clear()
    aborted = conn.begin()
    conn.send('/topic/py.txr', 'dropped', transaction=aborted, receipt='send-3')
    time.sleep(0.3)
    before_abort = list(listener.events)
    conn.abort(aborted, receipt='abort')
    listener.wait_receipt('abort')
    time.sleep(0.1)
    at_abort = list(listener.events)
    conn.disconnect(receipt='bye')
    return {'before_commit': before_commit, 'at_commit': at_commit, 'before_abort': before_abort,
            'at_abort': at_abort, 'errors': listener.errors}


def scenario_stray_nuls(port):
    conn, listener = connect(port)
    # Raw octets between frames, as some clients send: NULs and EOLs.
    conn.transport.send(b'\x00\x00\n\x00\r\n')
    conn.subscribe('/topic/py.nuls', id='s1', receipt='sub')
    listener.wait_receipt('sub')
    conn.transport.send(b'\x00')
    conn.send('/topic/py.nuls', 'after stray NULs')
    listener.wait_messages(1)
    conn.disconnect(receipt='bye')
    return {'bodies': [m.body for m in listener.messages], 'errors': listener.errors}


def scenario_large(port):
    conn, listener = connect(port)
    # stomp.py reads 1 KiB per recv() by default; 16 MiB goes faster in 1 MiB reads.
    conn.transport._Transport__recv_bytes = 1 << 20
    conn.subscribe('/topic/py.large', id='s1', receipt='sub')
    listener.wait_receipt('sub')
    body = '0123456789abcdef' * (1 << 20)
    conn.send('/topic/py.large', body, content_type='text/plain')
    listener.wait_messages(1, timeout=25)
    received = listener.messages[0].body if listener.messages else ''
    conn.disconnect(receipt='bye')
    return {'length': len(received), 'intact': received == body, 'errors': listener.errors}


class RefusalListener(Collector):
    def __init__(self):
        super().__init__()
        self.error_headers = []
        self.disconnected = threading.Event()

    def on_error(self, frame):
        super().on_error(frame)
        self.error_headers.append(dict(frame.headers))

    def on_disconnected(self):
        self.disconnected.set()


def scenario_access_denied(port):
    """issue 11: a reserved name refused in STOMP's words, ERROR access denied, then the close."""
    conn = stomp.Connection12([('127.0.0.1', port)], reconnect_attempts_max=1)
    listener = RefusalListener()
    conn.set_listener('', listener)
    conn.connect(wait=True)
    conn.send('/topic/wamp.session.on_join', 'forged', receipt='forged')
    listener.disconnected.wait(5.0)
    headers = listener.error_headers[0] if listener.error_headers else {}
    return {'message': headers.get('message'), 'action': headers.get('action'), 'uri': headers.get('uri'),
            'receipt_id': headers.get('receipt-id'), 'disconnected': listener.disconnected.is_set()}


if __name__ == '__main__':
    name, port = sys.argv[1], int(sys.argv[2])
    result = globals()['scenario_' + name](port)
    print(json.dumps(result))
