# Independent check of a Longplay releases/ folder with python3-libtorrent (run with /usr/bin/python3).
# For every .torrent under releases/<stage>/: load it, force a recheck against the stage folder, and
# print "<stage>/<torrent> <v1> <v2|none> <pieces have> <pieces> <error|ok>". Then check every record of
# the file-metadata stage against the torrent it names: the file at `path` starts at `byte_offset` and
# has `size` bytes in that torrent's file storage, and the btih is the torrent's.
import json, os, subprocess, sys, time
import libtorrent as lt

releases = sys.argv[1]
s = lt.session({'listen_interfaces': '127.0.0.1:0', 'enable_dht': False, 'enable_lsd': False,
                'enable_upnp': False, 'enable_natpmp': False, 'alert_mask': lt.alert_category.error})
handles = []
infos = {}
for stage in sorted(os.listdir(releases)):
    folder = os.path.join(releases, stage)
    if not os.path.isdir(folder) or stage.startswith('.'):
        continue
    for name in sorted(os.listdir(folder)):
        if not name.endswith('.torrent'):
            continue
        ti = lt.torrent_info(os.path.join(folder, name))
        infos[name] = ti
        p = lt.add_torrent_params()
        p.ti = ti
        p.save_path = folder
        p.flags &= ~(lt.torrent_flags.seed_mode | lt.torrent_flags.auto_managed | lt.torrent_flags.paused)
        h = s.add_torrent(p)
        h.force_recheck()
        handles.append((stage + '/' + name, h))

deadline = time.time() + 120
while time.time() < deadline:
    busy = False
    for _, h in handles:
        st = h.status()
        if st.state in (lt.torrent_status.checking_files, lt.torrent_status.checking_resume_data) or (
                not st.is_seeding and st.progress < 1.0 and st.errc.value() == 0 and time.time() < deadline - 110):
            busy = True
    if not busy:
        break
    time.sleep(0.05)

for label, h in handles:
    st = h.status()
    ti = h.torrent_file()
    ih = ti.info_hashes()
    v2 = str(ih.v2) if ih.has_v2() else 'none'
    err = st.errc.message().replace(' ', '_') if st.errc.value() != 0 else 'ok'
    print(label, str(ih.v1), v2, st.num_pieces, ti.num_pieces(), err)

fm = os.path.join(releases, 'file-metadata')
checked = 0
if os.path.isdir(fm):
    for name in sorted(os.listdir(fm)):
        if not name.endswith('.jsonl.zst'):
            continue
        text = subprocess.run(['zstd', '-dc', os.path.join(fm, name)], check=True, capture_output=True).stdout.decode('utf-8')
        for line in text.splitlines():
            m = json.loads(line)['metadata']
            ti = infos[m['torrent']]
            assert str(ti.info_hashes().v1) == m['btih'], ('btih', m)
            files = ti.files()
            found = False
            for i in range(files.num_files()):
                if files.file_path(i) == os.path.join(ti.name(), m['path']):
                    assert files.file_offset(i) == m['byte_offset'], ('offset', m, files.file_offset(i))
                    assert files.file_size(i) == m['size'], ('size', m)
                    found = True
            assert found, ('path', m)
            checked += 1
print('file-metadata records checked', checked)
