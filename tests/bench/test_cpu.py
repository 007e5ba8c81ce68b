"""bench.cpu: the database's CPU share counts only the backends of the API under test, found by client port."""

from __future__ import annotations

import os
import socket

from bench import cpu


def test_the_ports_of_a_process_tree_are_found_from_its_socket_inodes() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.create_connection(server.getsockname()) as client:
            accepted, _ = server.accept()
            with accepted:
                ports = cpu.local_ports(cpu.socket_inodes(cpu.process_tree(os.getpid())))
            assert client.getsockname()[1] in ports and server.getsockname()[1] in ports


def test_processes_without_sockets_have_no_ports() -> None:
    assert cpu.local_ports(cpu.socket_inodes([])) == set()
    assert cpu.socket_inodes([2**22 + 12345]) == set()  # a pid that does not exist
