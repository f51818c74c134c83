"""Stand-ins for the platforms, speaking their documented HTTP APIs on 127.0.0.1.

The publisher reaches them through the same connector code (Mastodon.py, atproto) it uses
for the real platforms, with the channel's ``api_url`` pointing here.
"""
