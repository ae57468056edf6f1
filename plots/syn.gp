# rtocalc plot syn: SYN send times, linear timeouts vs plain doubling
$linear << EOD
0 0
1 1
2 2
3 3
4 4
5 5
6 7
7 11
8 19
9 35
10 67
EOD
$exponential << EOD
0 0
1 1
2 3
3 7
4 15
5 31
6 63
EOD
set title "connect() to a dead peer (Linux 6.18, tcp_syn_retries=6): SYN send times" noenhanced
set xlabel 'SYN (0 = the first)' noenhanced
set ylabel 'time since the first SYN (s)'
set grid xtics ytics
set key below
set xtics 1
set yrange [0:*]
plot $linear using 1:2 with linespoints lw 2 pt 7 title 'tcp_syn_linear_timeouts=4: fails at 131 s' noenhanced, \
     $exponential using 1:2 with linespoints lw 2 pt 5 title 'tcp_syn_linear_timeouts=0: fails at 127 s' noenhanced
