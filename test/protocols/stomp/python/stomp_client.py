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
        self.cond = threading.Condition()

    def on_message(self, frame):
        with self.cond:
            self.messages.append(frame)
            self.cond.notify_all()

    def on_error(self, frame):
        self.errors.append(frame.headers.get('message'))

    def on_receipt(self, frame):
        with self.cond:
            self.receipts.append(frame.headers.get('receipt-id'))
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


if __name__ == '__main__':
    name, port = sys.argv[1], int(sys.argv[2])
    result = globals()['scenario_' + name](port)
    print(json.dumps(result))
