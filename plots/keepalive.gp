# rtocalc keepalive: a gnuplot script with its data inline.
# Pipe it to gnuplot -p, or render a file with
#   gnuplot -e "set terminal svg; set output 'x.svg'" script.gp
# Linux 6.18 model, HZ=1000
# settings: user_timeout_ms=0 tcp_keepalive_time_s=7200 tcp_keepalive_intvl_s=75 tcp_keepalive_probes=9
# initial timer 7200 s, kernel budget none
# give-up: typical 8024.504 s (window 7875 s - 8174.008 s), nominal 7875 s; 9 probes typically (nominal 9, range 9-9); ETIMEDOUT (tcp_keepalive_probes)
# n at_s typical_s latest_s timer_s
$data << EOD
1 7200 7331.072 7462.144 7200
2 7275 7408.12 7541.24 75
3 7350 7485.168 7620.336 75
4 7425 7562.216 7699.432 75
5 7500 7639.264 7778.528 75
6 7575 7716.312 7857.624 75
7 7650 7793.36 7936.72 75
8 7725 7870.408 8015.816 75
9 7800 7947.456 8094.912 75
EOD
# x at_s typical_s earliest_s latest_s timer_s
$giveup << EOD
10 7875 8024.504 7875 8174.008 75
EOD
reset
set multiplot layout 2,1
set title "rtocalc keepalive: Linux 6.18, HZ=1000, keepalive 7200 s + 9 x 75 s" noenhanced
set key below
set grid ytics
set xrange [0.5:10.5]
set xtics 1
set xlabel "probe" noenhanced
set ylabel "timer before it (s)" noenhanced
set logscale y
set yrange [37.5:*]
set boxwidth 0.8
set style fill solid 0.5 border
plot $data using 1:5 with boxes title "timer before each probe" noenhanced, \
     $giveup using 1:6 with boxes title "timer before the give-up" noenhanced
unset logscale y
set autoscale y
set key below
set title "time of each probe since the last segment received" noenhanced
set ylabel "time (s)" noenhanced
set yrange [7151.2996:8271.4088]
plot $data using 1:2:2:4 with yerrorbars pt 7 title "nominal, bar up to latest" noenhanced, \
     $data using 1:3 with points pt 2 title "typical" noenhanced, \
     $giveup using 1:3:4:5 with yerrorbars pt 5 title "give-up: typical, bar over the window" noenhanced, \
     7875 with lines dt 3 title "nominal give-up 7875 s" noenhanced, \
     8024.504 with lines dt 4 title "typical give-up 8024.504 s" noenhanced
unset multiplot
