# SPDX-License-Identifier: GPL-2.0-or-later
# Measured vs model: every transmission and give-up of one full
# `rtocalc verify` run, as lateness after the model's nominal time.  The bar
# is the model's window [nominal, latest]; the dot is what the kernel did;
# the cross is the model's typical time.  Run from the top directory:
#   gnuplot plots/verify.gp        (make plots does this)
data = 'data/verify-2026-11-23-linux-6.18.44-hz250.csv'
set terminal svg size 1000,520 dynamic enhanced font 'sans,11' background '#ffffff'
set output 'plots/verify.svg'
set datafile separator ','
set title "rtocalc verify on Linux 6.18.44 (HZ=250): every measured event inside the model's window" noenhanced
set xlabel 'measured event (25 scenarios, in catalogue order)'
set ylabel 'time after the nominal prediction (ms)'
set key top left opaque
set grid ytics
set logscale y
set yrange [0.5:5000]
set xrange [0:*]
# Column 6 measured, 7 nominal, 8 typical, 10 latest (microseconds).
ms(x) = x / 1000.0
plot data every ::1 using 0:(ms($7 > $6 ? 0.6 : ($6 - $7) < 0.6 ? 0.6 : $6 - $7)):(0.6):(ms($10 - $7)) \
         with yerrorbars pt -1 lc rgb '#999999' title 'model window [nominal, latest]', \
     '' every ::1 using 0:(ms($6 - $7) < 0.6 ? 0.6 : ms($6 - $7)) with points pt 7 ps 0.6 lc rgb '#c0392b' title 'measured', \
     '' every ::1 using 0:(strlen(strcol(8)) ? (ms($8 - $7) < 0.6 ? 0.6 : ms($8 - $7)) : 1/0) with points pt 2 ps 0.6 lc rgb '#2471a3' title 'model typical'
